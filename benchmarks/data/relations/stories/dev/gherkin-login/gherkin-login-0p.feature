Feature: gherkin-login
  As an user
  I want it to work

  Scenario: Wrong password is rejected
    Given I am on the login page
    When I sign in with a wrong password
    Then I see the message "Wrong email or password"
