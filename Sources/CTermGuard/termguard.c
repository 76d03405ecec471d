#include "termguard.h"
int termguard_placeholder(void) { return 0; }
