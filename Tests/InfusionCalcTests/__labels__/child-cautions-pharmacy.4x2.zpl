^XA
^CI28
^PW812
^LL406
^LH0,0
^FO16,16^A0N,20,20^FH^FDSam Example, DOB 2025-03-14^FS
^FO16,40^A0N,20,20^FH^FDimiglucerase (Cerezyme) 570 units in^FS
^FO16,64^A0N,20,20^FH^FD0.9% sodium chloride, total 100 mL^FS
^FO16,88^A0N,20,20^FH^FD(5.7 units/mL); IV over 120 min at^FS
^FO16,112^A0N,20,20^FH^FD50 mL/h; use a 0.2 micron in-line^FS
^FO16,136^A0N,20,20^FH^FDfilter; no other medicines in the line^FS
^FO16,160^A0N,20,20^FH^FDUNDER 2 YEARS OF AGE; FIRST INFUSION^FS
^FO16,184^A0N,20,20^FH^FDPrepared 2026-11-29 09:48^FS
^FO16,208^A0N,20,20^FH^FDby A. Lindqvist; checked by B. Okafor.^FS
^FO16,232^A0N,20,20^FH^FDStart by 2026-11-30 09:30^FS
^FO16,256^A0N,20,20^FH^FD(label, diluted bag). 2 to 8 degrees C,^FS
^FO16,280^A0N,20,20^FH^FDprotect from light^FS
^BY3
^FO30,320^BCN,48,N,N,N,N^FDPREP-2026-000417^FS
^FO16,372^A0N,18,18^FH^FDID PREP-2026-000417^FS
^XZ
