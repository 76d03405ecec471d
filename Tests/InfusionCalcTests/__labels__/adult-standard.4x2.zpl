^XA
^CI28
^PW812
^LL406
^LH0,0
^FO16,16^A0N,22,22^FH^FDMaria Example, MRN 0012345^FS
^FO16,42^A0N,22,22^FH^FDimiglucerase (Cerezyme) 4,200 units^FS
^FO16,68^A0N,22,22^FH^FDin 0.9% sodium chloride, total^FS
^FO16,94^A0N,22,22^FH^FD150 mL (28 units/mL); IV over^FS
^FO16,120^A0N,22,22^FH^FD120 min at 75 mL/h; use a^FS
^FO16,146^A0N,22,22^FH^FD0.2 micron in-line filter;^FS
^FO16,172^A0N,22,22^FH^FDno other medicines in the line^FS
^FO16,198^A0N,22,22^FH^FDPrepared 2026-11-29 07:52^FS
^FO16,224^A0N,22,22^FH^FDby A. Lindqvist; checked^FS
^FO16,250^A0N,22,22^FH^FDby B. Okafor. Start^FS
^FO16,276^A0N,22,22^FH^FDby 2026-11-29 11:19 (immediate use)^FS
^BY1
^FO16,320^BCN,48,N,N,N,N^FD3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f^FS
^FO16,372^A0N,18,18^FH^FDID 3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f^FS
^XZ
