// Command echo serves routes guarded by echo's own middleware (BasicAuth,
// KeyAuth, RateLimiter, Recover, CORS) and by echo-jwt.
package main

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"authlens.test/realworld/internal/testkeys"
	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

func hello(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"hello": "world"}) }

func main() {
	e := echo.New()
	e.HideBanner = true
	e.Use(middleware.Recover())

	e.GET("/basic/me", hello, middleware.BasicAuth(func(u, p string, c echo.Context) (bool, error) {
		return subtle.ConstantTimeCompare([]byte(u), []byte("alice")) == 1 &&
			subtle.ConstantTimeCompare([]byte(p), []byte("wonderland")) == 1, nil
	}))

	// API key in a custom header, and the default Authorization: Bearer lookup.
	keyOK := func(k string, c echo.Context) (bool, error) { return k == "ak_live_7Hq2mX9pLw", nil }
	e.GET("/key/me", hello, middleware.KeyAuthWithConfig(middleware.KeyAuthConfig{KeyLookup: "header:X-API-Key", Validator: keyOK}))
	e.GET("/bearerkey/me", hello, middleware.KeyAuth(keyOK))
	e.GET("/querykey/me", hello, middleware.KeyAuthWithConfig(middleware.KeyAuthConfig{KeyLookup: "query:api_key", Validator: keyOK}))

	jg := e.Group("/jwt", echojwt.WithConfig(echojwt.Config{SigningKey: testkeys.Secret}))
	jg.GET("/me", hello)
	jg.GET("/admin", func(c echo.Context) error {
		claims := c.Get("user").(*jwt.Token).Claims.(jwt.MapClaims)
		s, _ := claims["scope"].(string)
		if !slices.Contains(strings.Fields(s), "admin") {
			return echo.ErrForbidden
		}
		return hello(c)
	})

	lim := middleware.RateLimiter(middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: rate.Limit(0.001), Burst: 2}))
	e.GET("/limited", hello, lim)

	e.GET("/panic", func(c echo.Context) error {
		var m map[string]int
		m["boom"]++
		return nil
	})

	// A browser app on another origin calls this API; the API allows the
	// origin but not credentials.
	cg := e.Group("/cors", middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"*"}, AllowHeaders: []string{"Content-Type"}}))
	cg.GET("/me", hello)

	// Private project pages answer 404 to anyone not signed in, as code
	// hosts do, so outsiders cannot learn which projects exist.
	e.GET("/projects/secret-plans", func(c echo.Context) error {
		if u, p, ok := c.Request().BasicAuth(); !ok || u != "alice" || p != "wonderland" {
			return echo.ErrNotFound
		}
		return hello(c)
	})

	// Old links redirect to the canonical host, which drops Authorization.
	e.GET("/old/me", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, "http://localhost:18202/basic/me")
	})

	e.GET("/v1/me", func(c echo.Context) error {
		return c.Redirect(http.StatusFound, "http://localhost:18202/jwt/me")
	})

	// A service proxied to a backend that is down.
	down, _ := url.Parse("http://127.0.0.1:18299")
	e.Group("/svc", middleware.Proxy(middleware.NewRoundRobinBalancer([]*middleware.ProxyTarget{{URL: down}})))

	// A report that waits on a slow query past the route's deadline.
	e.GET("/report", func(c echo.Context) error {
		select {
		case <-time.After(5 * time.Second):
			return hello(c)
		case <-c.Request().Context().Done():
			return c.Request().Context().Err()
		}
	}, middleware.ContextTimeout(200*time.Millisecond))

	e.Logger.Fatal(e.Start("127.0.0.1:18202"))
}
