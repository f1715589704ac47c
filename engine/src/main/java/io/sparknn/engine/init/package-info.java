/** Weight initialisation schemes (Xavier/Glorot, He/Kaiming, LeCun), driven by an explicit seed. */
package io.sparknn.engine.init;
