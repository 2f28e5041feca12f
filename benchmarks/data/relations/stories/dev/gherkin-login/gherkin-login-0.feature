Feature: gherkin-login
  As an user
  I want it to work

  Scenario: Login fails with a wrong password
    Given I am on the login page
    When I sign in with a wrong password
    Then I see the message "Wrong email or password"
