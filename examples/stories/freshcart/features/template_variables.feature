Feature: Template variables
  As a theme author
  I want to use post variables in my templates
  So that pages show the post's own data

  Scenario: Use the post.title variable
    Given a published post with title "Hello world"
    When the template renders "{{ post.title }}"
    Then the page shows "Hello world"

  Scenario: Use the post.author variable
    Given a published post with author "Ada"
    When the template renders "{{ post.author }}"
    Then the page shows "Ada"

  Scenario: Use the post.date variable
    Given a published post with date "2024-05-01"
    When the template renders "{{ post.date }}"
    Then the page shows "2024-05-01"

  Scenario: Use the post.excerpt variable
    Given a published post with excerpt "A short intro"
    When the template renders "{{ post.excerpt }}"
    Then the page shows "A short intro"
