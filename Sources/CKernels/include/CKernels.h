#ifndef REPGEOM_CKERNELS_H
#define REPGEOM_CKERNELS_H

/// The C kernels: a small-matrix sgemm and the Float tanh activation (the training step), Double
/// dot and axpy (the linear decoders), each
/// compiled generically and (x86-64) for AVX2 + FMA, one build chosen at run time for all.
#include "CPUFeatures.h"
#include "SmallGEMM.h"
#include "Tanh.h"
#include "DoubleVector.h"

#endif
