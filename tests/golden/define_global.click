define($DEV eth0, $LEN 14)
define($MSG "$DEV up")
p :: Print($MSG);
FromDevice($DEV) -> Strip($LEN) -> p -> Discard;
Idle -> Paint($LATE) -> Discard;
define($LATE 3)
