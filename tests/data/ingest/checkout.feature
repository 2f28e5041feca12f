# language: en
@checkout
Feature: Checkout
  In order to get my groceries delivered
  As a shopper
  I want to pay for my basket

  Background:
    Given I have 3 items in my basket

  @SHOP-9 @smoke
  Scenario: Pay with a saved card
    Given I have a saved Visa card
    When I confirm the payment
    Then the order is placed
    And I receive a confirmation email

  Scenario Outline: Minimum basket
    Given my basket total is <total>
    When I go to checkout
    Then checkout is <state>

    Examples:
      | total | state    |
      | £20   | blocked  |
      | £30   | allowed  |

  Scenario: Placeholder without steps
