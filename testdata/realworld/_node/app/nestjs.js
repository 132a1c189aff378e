// NestJS on Express with @nestjs/jwt, written without decorator syntax
// (Nest's decorators are applied as functions). /api uses the AuthGuard
// from Nest's authentication guide (a bare UnauthorizedException for every
// failure), /v2 passes the verify error's message on, /admin has a roles
// guard returning false, /limited uses @nestjs/throttler. Port 18122.
require('reflect-metadata');
const { jwt, now, run } = require('./lib');

const SECRET = 'rw-nestjs-jwt-secret';

async function start() {
  const { Module, Controller, Get, Post, Req, UseGuards, Injectable, Inject, UnauthorizedException, SetMetadata } = await import('@nestjs/common');
  const { NestFactory, Reflector } = await import('@nestjs/core');
  const { JwtModule, JwtService } = await import('@nestjs/jwt');
  const { ThrottlerModule, ThrottlerGuard, Throttle } = await import('@nestjs/throttler');

  const bearer = req => {
    const [type, token] = req.headers.authorization?.split(' ') ?? [];
    return type === 'Bearer' ? token : undefined;
  };
  class AuthGuard {
    constructor(jwtService) { this.jwtService = jwtService; }
    async canActivate(ctx) {
      const req = ctx.switchToHttp().getRequest();
      const token = bearer(req);
      if (!token) throw new UnauthorizedException();
      try {
        req.user = await this.jwtService.verifyAsync(token, { secret: SECRET, audience: 'nest-api', issuer: 'https://auth.nest.example.test' });
      } catch {
        throw new UnauthorizedException();
      }
      return true;
    }
  }
  Injectable()(AuthGuard);
  Inject(JwtService)(AuthGuard, undefined, 0);

  class VerboseGuard extends AuthGuard {
    async canActivate(ctx) {
      const req = ctx.switchToHttp().getRequest();
      const token = bearer(req);
      if (!token) throw new UnauthorizedException('Missing bearer token');
      try {
        req.user = await this.jwtService.verifyAsync(token, { secret: SECRET, audience: 'nest-api', issuer: 'https://auth.nest.example.test' });
      } catch (e) {
        throw new UnauthorizedException(e.message);
      }
      return true;
    }
  }
  Injectable()(VerboseGuard);
  Inject(JwtService)(VerboseGuard, undefined, 0);

  class RolesGuard {
    constructor(reflector) { this.reflector = reflector; }
    canActivate(ctx) {
      const roles = this.reflector.get('roles', ctx.getHandler()) || [];
      const user = ctx.switchToHttp().getRequest().user;
      return roles.some(r => (user.roles || []).includes(r));
    }
  }
  Injectable()(RolesGuard);
  Inject(Reflector)(RolesGuard, undefined, 0);

  const method = (cls, name, ...decs) => {
    const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
    for (const dec of decs) dec(cls.prototype, name, d);
  };
  class ApiController {
    me(req) { return { sub: req.user.sub }; }
    crash(req) { return { plan: req.user.billing.plan }; }
  }
  Controller('api')(ApiController);
  method(ApiController, 'me', Get('me'), UseGuards(AuthGuard));
  method(ApiController, 'crash', Get('crash'), UseGuards(AuthGuard));
  Req()(ApiController.prototype, 'me', 0);
  Req()(ApiController.prototype, 'crash', 0);

  class V2Controller { me(req) { return { sub: req.user.sub }; } }
  Controller('v2')(V2Controller);
  method(V2Controller, 'me', Get('me'), UseGuards(VerboseGuard));
  Req()(V2Controller.prototype, 'me', 0);

  class AdminController { purge() { return { purged: true }; } }
  Controller('admin')(AdminController);
  method(AdminController, 'purge', Post('purge'), UseGuards(AuthGuard, RolesGuard), SetMetadata('roles', ['admin']));

  class LimitedController { ping() { return { pong: true }; } }
  Controller('limited')(LimitedController);
  method(LimitedController, 'ping', Get(), UseGuards(ThrottlerGuard), Throttle({ default: { limit: 1, ttl: 60000 } }));

  class AppModule {}
  Module({
    imports: [JwtModule.register({ secret: SECRET }), ThrottlerModule.forRoot([{ name: 'default', ttl: 60000, limit: 10 }])],
    controllers: [ApiController, V2Controller, AdminController, LimitedController],
    providers: [AuthGuard, VerboseGuard, RolesGuard],
  })(AppModule);

  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  await app.listen(18122, '127.0.0.1');
  console.log('nestjs on http://127.0.0.1:18122');
}

function cases() {
  const t = now();
  const base = { sub: 'grace', aud: 'nest-api', iss: 'https://auth.nest.example.test' };
  const sign = (c, key = SECRET) => jwt.sign(c, key, { algorithm: 'HS256' });
  const tok = {
    ok: sign({ ...base, roles: ['user'], exp: t + 30 * 86400 }),
    expired: sign({ ...base, iat: t - 7200, exp: t - 900 }),
    other: sign({ ...base, exp: t + 86400 }, 'rw-nestjs-jwt-secret-old'),
    aud: sign({ ...base, aud: 'other-api', exp: t + 86400 }),
    nbf: sign({ ...base, nbf: t + 360, exp: t + 4000 }),
  };
  const H = v => `curl -H 'Authorization: ${v}'`;
  const B = v => H(`Bearer ${v}`);
  const c = (name, cause, curl, note) => ({ name, cause, curl, note });
  const U = '{{BASE}}';
  const out = [];
  for (const [p, what] of [['api', 'guard from the Nest guide: bare UnauthorizedException'], ['v2', 'guard passing the verify message on']]) {
    out.push(
      c(`${p}-ok`, '', `${B(tok.ok)} ${U}/${p}/me`, what),
      c(`${p}-no-credentials`, 'missing_credentials', `curl ${U}/${p}/me`, `${what}; no Authorization`),
      c(`${p}-expired`, 'expired_token', `${B(tok.expired)} ${U}/${p}/me`, `${what}; exp fifteen minutes ago`),
      c(`${p}-other-secret`, 'signature_mismatch', `${B(tok.other)} ${U}/${p}/me`, `${what}; signed with the old secret`),
      c(`${p}-wrong-audience`, 'wrong_audience', `${B(tok.aud)} ${U}/${p}/me`, `${what}; aud other-api`),
      c(`${p}-not-yet-valid`, 'clock_skew', `${B(tok.nbf)} ${U}/${p}/me`, `${what}; nbf six minutes ahead`),
      c(`${p}-basic-scheme`, 'wrong_scheme', `curl -u grace:pw ${U}/${p}/me`, `${what}; Basic credentials`),
      c(`${p}-bearer-undefined`, 'malformed_authorization', `${B('undefined')} ${U}/${p}/me`, `${what}; the string undefined as the token`),
    );
  }
  out.push(
    c('v2-garbage', 'invalid_token', `${B('0f9e8d7c6b5a')} ${U}/v2/me`, 'opaque token; "jwt malformed"'),
    c('admin-forbidden', 'forbidden', `${B(tok.ok)} -X POST ${U}/admin/purge`, 'roles guard returns false: "Forbidden resource"'),
    c('crash', 'server_error', `${B(tok.ok)} ${U}/api/crash`, 'handler reads a property of undefined: "Internal server error"'),
    c('not-found', 'not_found', `${B(tok.ok)} ${U}/api/users/me`, 'no such route: "Cannot GET"'),
    c('limited-first', '', `curl ${U}/limited`, '@nestjs/throttler limit 1 a minute; first request'),
    c('limited-second', 'rate_limited', `curl ${U}/limited`, '@nestjs/throttler; second request'),
  );
  return out;
}

run('nestjs', '@nestjs/core', ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', '@nestjs/jwt', '@nestjs/throttler'], cases, start);
