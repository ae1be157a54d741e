/** The whole pipeline on the local stack: service processes, the demo's synthetic product, end-to-end checks. */
package io.healthscore.e2e;
