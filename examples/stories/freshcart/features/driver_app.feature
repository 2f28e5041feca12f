@driver-app
Feature: Driver handheld app
  As a FreshCart delivery driver
  I want my handheld to guide every drop
  So that deliveries are quick, safe and legal

  @compliance @alcohol
  Scenario: Alcohol in the order requires an ID check
    Given drop 4 contains two bottles of wine
    When I try to complete the drop
    Then the app asks me to confirm that I checked photo ID showing the customer is 18 or over
    And if I answer "No ID" the wine is removed from the order and refunded

  @failed-delivery
  Scenario: Nobody is home
    Given I have knocked and waited at the door for 5 minutes
    And I have called the customer's phone number without an answer
    When I choose "Customer not home"
    Then the customer receives a message with options to rebook
    And the app tells me to return chilled and frozen items to the store today

  Scenario: Loading the van in reverse drop order
    Given my route for today has 18 drops
    When I open the loading list
    Then the totes are listed so that the last drop is loaded first

  Scenario: Report a van defect before the run
    Given I am starting my shift
    When I complete the vehicle check and mark "tyre damage"
    Then the fleet team is alerted
    And I cannot start the route until a supervisor clears the van

  Scenario: Break reminder on long shifts
    Given I have been driving for 4.5 hours
    Then the app reminds me to take a 45 minute break
    And the remaining drops are re-timed to include the break

  @proof-of-delivery
  Scenario: Capture a signature for high-value orders
    Given the order total is over £150
    When I hand over the shopping
    Then the customer signs on my handheld
