package dev.vectorprop.kernels;

import static dev.vectorprop.kernels.VectorArrayKernels.fma;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link Optimizers}: one pass that reads parameters, gradients and state once and
 * writes parameters and state once. The loop-invariant flags are tested inside the loop; C2 unswitches
 * the loop on them. Arguments are checked.
 */
final class VectorOptimizerKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOptimizerKernels() {}

    static void sgd(int n, float[] p, int pOff, float[] g, int gOff, float[] b, int bOff, float lr, float wd,
                    float mu, float keep, boolean first, boolean nesterov) {
        FloatVector vwd = FloatVector.broadcast(S, wd);
        FloatVector vmu = FloatVector.broadcast(S, mu);
        FloatVector vkeep = FloatVector.broadcast(S, keep);
        FloatVector vlr = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vp = FloatVector.fromArray(S, p, pOff + i);
            FloatVector vg = FloatVector.fromArray(S, g, gOff + i);
            if (wd != 0f) {
                vg = fma(vwd, vp, vg);
            }
            if (mu != 0f) {
                FloatVector vb = first ? vg : fma(vmu, FloatVector.fromArray(S, b, bOff + i), vkeep.mul(vg));
                vb.intoArray(b, bOff + i);
                vg = nesterov ? fma(vmu, vb, vg) : vb;
            }
            fma(vlr, vg, vp).intoArray(p, pOff + i);
        }
        ScalarOptimizerKernels.sgd(i, n, p, pOff, g, gOff, b, bOff, lr, wd, mu, keep, first, nesterov);
    }

    static void adam(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     float w1, float b2, float c2, float stepSize, float invBc2Sqrt, float eps, float wd,
                     float shrink) {
        FloatVector vw1 = FloatVector.broadcast(S, w1);
        FloatVector vb2 = FloatVector.broadcast(S, b2);
        FloatVector vc2 = FloatVector.broadcast(S, c2);
        FloatVector vstep = FloatVector.broadcast(S, -stepSize);
        FloatVector vinv = FloatVector.broadcast(S, invBc2Sqrt);
        FloatVector veps = FloatVector.broadcast(S, eps);
        FloatVector vwd = FloatVector.broadcast(S, wd);
        FloatVector vshrink = FloatVector.broadcast(S, shrink);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vp = FloatVector.fromArray(S, p, pOff + i);
            FloatVector vg = FloatVector.fromArray(S, g, gOff + i);
            if (wd != 0f) {
                vg = fma(vwd, vp, vg);
            }
            FloatVector vm = FloatVector.fromArray(S, m, mOff + i);
            vm = fma(vw1, vg.sub(vm), vm);
            FloatVector vv = fma(vc2.mul(vg), vg, vb2.mul(FloatVector.fromArray(S, v, vOff + i)));
            vm.intoArray(m, mOff + i);
            vv.intoArray(v, vOff + i);
            FloatVector denom = fma(vv.sqrt(), vinv, veps);
            fma(vstep, vm.div(denom), vp.mul(vshrink)).intoArray(p, pOff + i);
        }
        ScalarOptimizerKernels.adam(i, n, p, pOff, g, gOff, m, mOff, v, vOff, w1, b2, c2, stepSize, invBc2Sqrt, eps,
                wd, shrink);
    }
}
