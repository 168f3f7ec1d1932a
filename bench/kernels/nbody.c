// n-body: a star and four planets under Newtonian gravity, integrated with a
// fixed-step symplectic Euler scheme. Measures scalar double arithmetic,
// sqrt and small fixed-size loops over an array of structs.
// SIZE = number of time steps.
// bench-quick: 300000
//
// Units are astronomical units, years and solar masses, so G*M_sun = 4*pi^2.
// Directions come from Pythagorean triples instead of sin/cos: the libm of the
// host and of wasi-libc may round transcendental functions differently, and the
// output must be identical everywhere. sqrt is exactly rounded by IEEE 754.
#include <math.h>

#include "kernel_util.h"

#define BODY_COUNT 5
#define PI 3.141592653589793
#define SOLAR_MASS (4.0 * PI * PI)
#define DAYS_PER_YEAR 365.24

typedef struct {
  double x, y, z;
  double vx, vy, vz;
  double mass;
} Body;

// A planet on a near-circular orbit of radius `radius` in the direction (ux, uy),
// with a slight tilt `vz` out of the plane so all three axes do work.
static Body planet(double radius, double ux, double uy, double vz, double mass_in_suns) {
  double speed = 2.0 * PI / sqrt(radius);  // circular orbit: v = sqrt(GM / r)
  Body b = {radius * ux, radius * uy, 0.01 * radius * uy, -speed * uy, speed * ux, vz, mass_in_suns * SOLAR_MASS};
  return b;
}

static void init_system(Body bodies[BODY_COUNT]) {
  Body star = {0, 0, 0, 0, 0, 0, SOLAR_MASS};
  bodies[0] = star;
  bodies[1] = planet(1.3, 3.0 / 5.0, 4.0 / 5.0, 0.02, 3.0e-6);
  bodies[2] = planet(5.2, -5.0 / 13.0, 12.0 / 13.0, -0.01, 9.5e-4);
  bodies[3] = planet(9.6, -8.0 / 17.0, -15.0 / 17.0, 0.005, 2.9e-4);
  bodies[4] = planet(19.2, 7.0 / 25.0, -24.0 / 25.0, -0.002, 4.4e-5);
  // Give the star the opposite momentum of the planets so the system's
  // centre of mass stays put and the energy drift is the integrator's alone.
  double px = 0, py = 0, pz = 0;
  for (int i = 1; i < BODY_COUNT; ++i) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / SOLAR_MASS;
  bodies[0].vy = -py / SOLAR_MASS;
  bodies[0].vz = -pz / SOLAR_MASS;
}

static double energy(const Body bodies[BODY_COUNT]) {
  double e = 0;
  for (int i = 0; i < BODY_COUNT; ++i) {
    const Body* a = &bodies[i];
    e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < BODY_COUNT; ++j) {
      const Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      e -= a->mass * b->mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void advance(Body bodies[BODY_COUNT], double dt) {
  for (int i = 0; i < BODY_COUNT; ++i) {
    Body* a = &bodies[i];
    for (int j = i + 1; j < BODY_COUNT; ++j) {
      Body* b = &bodies[j];
      double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
      double dist2 = dx * dx + dy * dy + dz * dz;
      double scale = dt / (dist2 * sqrt(dist2));
      a->vx -= dx * b->mass * scale;
      a->vy -= dy * b->mass * scale;
      a->vz -= dz * b->mass * scale;
      b->vx += dx * a->mass * scale;
      b->vy += dy * a->mass * scale;
      b->vz += dz * a->mass * scale;
    }
  }
  for (int i = 0; i < BODY_COUNT; ++i) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

int main(int argc, char** argv) {
  uint32_t steps = kernel_size_arg(argc, argv, 3000000, 1000000000);
  Body bodies[BODY_COUNT];
  init_system(bodies);
  double dt = 1.0 / DAYS_PER_YEAR;  // one day
  printf("nbody steps=%u\n", steps);
  printf("energy before: %.12f\n", energy(bodies));
  for (uint32_t s = 0; s < steps; ++s) advance(bodies, dt);
  printf("energy after:  %.12f\n", energy(bodies));
  printf("star at: %.9f %.9f %.9f\n", bodies[0].x, bodies[0].y, bodies[0].z);
  return 0;
}
