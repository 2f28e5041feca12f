Feature: Cards
  As a card holder
  I want to manage my cards in the app
  So that I stay in control

  Scenario: Report a stolen card
    Given I have an active debit card
    When I report my card as stolen
    Then the card is blocked immediately
    And a replacement card is sent within 5 working days

  Scenario: Report a stolen card in the app
    Given I have an active debit card
    When I report my card as stolen in the app
    Then the card is blocked immediately
    And a replacement card is sent within 5 working days
    And I get a push notification

  Scenario: Set an online limit
    When I set my online limit to 300 EUR
    Then online payments above 300 EUR are declined
