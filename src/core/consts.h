/* Physical constants, all in one place: CODATA 2018 (G, c) and the IAU 2015 nominal solar mass,
 * the values astropy uses, so distances and critical densities agree with astropy to the digit. */
#ifndef LG_CONSTS_H
#define LG_CONSTS_H

#define LG_PI 3.14159265358979323846
#define LG_LN2 0.69314718055994530942
#define LG_C_M_S 299792458.0              /* speed of light, m/s (exact, SI) */
#define LG_G_SI 6.67430e-11               /* CODATA 2018, m^3 kg^-1 s^-2 */
#define LG_MSUN_KG 1.988409870698051e30   /* IAU 2015 nominal GM_sun / G(CODATA 2018) */
#define LG_MPC_M 3.0856775814913673e22    /* 1 Mpc in m (IAU 2012 au, exact pc) */
#define LG_ARCSEC_RAD (LG_PI / 648000.0)  /* 1 arcsec in radians */
#define LG_DAY_S 86400.0                  /* 1 day in s */
#define LG_KM_M 1000.0

#endif
