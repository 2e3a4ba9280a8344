/* A block comment
   over lines */ a :: Idle; // trailing comment
b/c :: Counter; // a name with a slash
a -> b/c//a comment ends the name
-> Discard;
/* between */ x/*c*/::/*c*/Paint(2)/*c*/;
