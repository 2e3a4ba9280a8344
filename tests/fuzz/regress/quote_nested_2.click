define''''''''define($DEŸŸŸŸŸelementclassŸŸŸŸŸV eth1, $LEN 14)
define($MSG "$DEV up )
p :: Print($MSG)DEV)ne($LATE 3)efine''''''''define($DEŸŸŸŸŸelementclassŸŸŸŸŸV eth1, $LEN 14)
define($MSG "$DEV up )
p :: Print($MSG)DEV)ne($LATE
