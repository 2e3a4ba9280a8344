// A Tee inside a compound with an output left open: the error names the
// flat element and notes the expansion.
elementclass Split { input -> t :: Tee; t[0] -> [0]output; t[2] -> [1]output }
FromDevice(eth0) -> s :: Split;
s[0] -> Discard;
s[1] -> Discard;
