Feature: Broken file
  As an editor
  I want to publish articles

  @ED-1
  Scenario: Publish
    Given a draft
    When I publish it
    Then it is public

  Scenario: Schedule
    Given a draft
    | a | b |
    | only one |
    Then it is scheduled
