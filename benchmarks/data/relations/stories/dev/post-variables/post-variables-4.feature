Feature: post-variables
  As a theme author
  I want it to work

  Scenario: Use the post.slug variable
    Given a published post with slug "hello-world"
    When the template renders "{{ post.slug }}"
    Then the page shows "hello-world"
