p :: Print("tab\tquote\"paren\)", \<48 49>);
Idle -> p -> Discard;
