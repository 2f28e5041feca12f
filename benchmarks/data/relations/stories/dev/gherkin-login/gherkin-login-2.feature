Feature: gherkin-login
  As an user
  I want it to work

  Scenario: Login fails with an unknown email
    Given I am on the login page
    When I sign in with an unknown email
    Then I see the message "Wrong email or password"
