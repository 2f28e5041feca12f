Feature: Appointment reminders
  In order to reduce missed appointments
  As a patient
  I want to be reminded about my appointments

  @reminders @sms
  Scenario: Day-before text message
    Given I have an appointment tomorrow at 10:40 with Dr Okafor
    When it is 10:40 today
    Then I receive an SMS with the time, the clinician and the clinic address
    And the SMS has a link to cancel or change the appointment

  @reminders
  Scenario: Short-notice reminder on the day
    Given I have an appointment today at 15:00
    When it is 13:00
    Then I receive a reminder 2 hours before the appointment

  @telehealth @video
  Scenario: Join a video consultation from the reminder
    Given my appointment is a video consultation
    When I open the link in my reminder up to 10 minutes before the start
    Then I enter the virtual waiting room in my browser
    And the clinician sees that I am waiting

  @reminders
  Scenario: No reminder for cancelled appointments
    Given I cancelled my appointment yesterday
    When the reminder for that appointment would be sent
    Then no reminder is sent

  @reminders @sms
  Scenario: Reply to confirm attendance
    Given I received a reminder SMS
    When I reply "YES"
    Then the appointment is marked as confirmed in the diary
    When I reply "NO"
    Then the appointment is cancelled and the slot is released
