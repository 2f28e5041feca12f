Feature: post-variables
  As a theme author
  I want it to work

  Scenario: Use the post.date variable
    Given a published post with date "2024-05-01"
    When the template renders "{{ post.date }}"
    Then the page shows "01/05/2024"
