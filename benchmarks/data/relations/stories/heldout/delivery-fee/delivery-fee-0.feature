Feature: delivery-fee
  As a shopper
  I want it to work

  Scenario: Delivery fee for a small basket
    Given my basket is worth £20
    When I go to checkout
    Then the delivery fee is £4.99
