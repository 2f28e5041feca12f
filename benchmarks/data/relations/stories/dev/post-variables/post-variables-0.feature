Feature: post-variables
  As a theme author
  I want it to work

  Scenario: Use the post.title variable
    Given a published post with title "Hello world"
    When the template renders "{{ post.title }}"
    Then the page shows "Hello world"
