Feature: delivery-fee
  As a shopper
  I want it to work

  Scenario: Delivery fee for a large basket
    Given my basket is worth £60
    When I go to checkout
    Then the delivery fee is £0
