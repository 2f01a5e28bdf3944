#ifndef REPGEOM_CBLAS_SHIM_H
#define REPGEOM_CBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
