Feature: post-variables
  As a theme author
  I want it to work

  Scenario: Use the post.excerpt variable
    Given a published post with excerpt "A short intro"
    When the template renders "{{ post.excerpt }}"
    Then the page shows "A short intro"
