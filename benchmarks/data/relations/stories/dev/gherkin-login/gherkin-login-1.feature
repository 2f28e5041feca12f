Feature: gherkin-login
  As an user
  I want it to work

  Scenario: Login fails with a locked account
    Given I am on the login page
    When I sign in with a locked account
    Then I see the message "Your account is locked"
