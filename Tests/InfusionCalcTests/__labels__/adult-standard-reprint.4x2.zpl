^XA
^CI28
^PW812
^LL406
^LH0,0
^FO16,16^A0N,20,20^FH^FDMaria Example, MRN 0012345^FS
^FO16,40^A0N,20,20^FH^FDimiglucerase (Cerezyme) 4,200 units^FS
^FO16,64^A0N,20,20^FH^FDin 0.9% sodium chloride, total 150 mL^FS
^FO16,88^A0N,20,20^FH^FD(28 units/mL)^FS
^FO16,112^A0N,20,20^FH^FDIV over 120 min at 75 mL/h^FS
^FO16,136^A0N,20,20^FH^FDuse a 0.2 micron in-line filter;^FS
^FO16,160^A0N,20,20^FH^FDno other medicines in the line^FS
^FO16,184^A0N,20,20^FH^FDPrepared 2026-11-29 07:52^FS
^FO16,208^A0N,20,20^FH^FDby A. Lindqvist; checked by B. Okafor^FS
^FO16,232^A0N,20,20^FH^FDStart by 2026-11-29 11:19^FS
^FO16,256^A0N,20,20^FH^FD(immediate use)^FS
^FO16,280^A0N,20,20^FH^FDREPRINT 2026-11-29 12:03^FS
^BY1
^FO16,320^BCN,48,N,N,N,N^FD3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f^FS
^FO16,372^A0N,18,18^FH^FDID 3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f^FS
^XZ
