@patient-app
Feature: Patient registration and family bookings
  As a new patient of the practice
  I want to register and manage bookings online
  So that I don't need to visit or phone the surgery

  Background:
    Given the practice "Riverside Health" accepts online registration

  @registration
  Scenario: Create a patient account with a verified email
    Given I am on the registration page
    When I enter my name, date of birth, address and email
    And I confirm my email address from the link I receive
    Then my account is created with status "pending approval"
    And the practice sees my registration in the approvals queue

  @registration @integration
  Scenario Outline: Validate the health number during registration
    Given I am registering as a new patient
    When I enter the health number "<number>"
    Then the number is checked with the national patient service
    And I see "<result>"

    Examples:
      | number       | result                              |
      | 943 476 5919 | Number verified                     |
      | 123 456 7890 | We could not verify this number     |

  @family
  Scenario: A parent books an appointment for a linked child
    Given my 7-year-old son is linked to my account
    When I start a booking and choose "Book for: Leo"
    Then only clinicians who see children are listed
    And the confirmation shows Leo's name and my contact details

  @family
  Scenario: A teenager gets their own account at 16
    Given my daughter is linked to my account and turns 16
    When she registers with her own email
    Then her record is moved to her own account
    And I can no longer see her appointments

  Scenario: Book a blood test with the practice nurse
    Given I am logged in
    When I choose the appointment type "Blood test"
    Then only nurse and phlebotomist slots before 11:00 are shown
    And the confirmation reminds me whether to fast beforehand
