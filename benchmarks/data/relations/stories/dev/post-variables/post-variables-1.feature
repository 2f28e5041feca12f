Feature: post-variables
  As a theme author
  I want it to work

  Scenario: Use the post.author variable
    Given a published post with author "Ada"
    When the template renders "{{ post.author }}"
    Then the page shows "Ada"
