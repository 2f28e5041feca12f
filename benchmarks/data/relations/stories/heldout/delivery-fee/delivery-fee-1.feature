Feature: delivery-fee
  As a shopper
  I want it to work

  Scenario: Delivery fee for a medium basket
    Given my basket is worth £35
    When I go to checkout
    Then the delivery fee is £2.99
