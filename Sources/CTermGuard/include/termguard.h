#ifndef TERMGUARD_H
#define TERMGUARD_H
int termguard_placeholder(void);
#endif
