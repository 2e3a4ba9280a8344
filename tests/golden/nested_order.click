// Nested compounds expand depth first, where they stand.
elementclass In { input -> Paint(1) -> Paint(2) -> output }
elementclass Out { input -> s :: Strip(1) -> i :: In -> t :: Strip(2) -> output }
Idle -> o :: Out -> Discard;
