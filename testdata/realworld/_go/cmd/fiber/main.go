// Command fiber serves routes guarded by fiber's basicauth, keyauth and
// limiter middleware and by gofiber/contrib/jwt, with its recover middleware.
package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"log"
	"slices"
	"strings"
	"time"

	"authlens.test/realworld/internal/testkeys"
	jwtware "github.com/gofiber/contrib/jwt"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/basicauth"
	"github.com/gofiber/fiber/v2/middleware/keyauth"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"github.com/gofiber/fiber/v2/middleware/proxy"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/golang-jwt/jwt/v5"
)

func hello(c *fiber.Ctx) error { return c.JSON(fiber.Map{"hello": "world"}) }

// validKey is the validator from fiber's keyauth documentation.
func validKey(c *fiber.Ctx, key string) (bool, error) {
	h := sha256.Sum256([]byte("fk_live_Qm8s2Lr5Zt"))
	k := sha256.Sum256([]byte(key))
	if subtle.ConstantTimeCompare(h[:], k[:]) == 1 {
		return true, nil
	}
	return false, keyauth.ErrMissingOrMalformedAPIKey
}

func main() {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(recover.New())

	app.Get("/basic/me", basicauth.New(basicauth.Config{Users: map[string]string{"alice": "wonderland"}}), hello)
	app.Get("/key/me", keyauth.New(keyauth.Config{Validator: validKey}), hello)
	app.Get("/xkey/me", keyauth.New(keyauth.Config{KeyLookup: "header:X-API-Key", Validator: validKey}), hello)

	j := app.Group("/jwt", jwtware.New(jwtware.Config{SigningKey: jwtware.SigningKey{Key: testkeys.Secret}}))
	j.Get("/me", hello)
	j.Get("/admin", func(c *fiber.Ctx) error {
		claims := c.Locals("user").(*jwt.Token).Claims.(jwt.MapClaims)
		s, _ := claims["scope"].(string)
		if !slices.Contains(strings.Fields(s), "admin") {
			return c.SendStatus(fiber.StatusForbidden)
		}
		return hello(c)
	})

	// A service forwarded to a backend that is down.
	app.Get("/svc/*", proxy.Forward("http://127.0.0.1:18299/orders"))

	app.Get("/limited", limiter.New(limiter.Config{Max: 2, Expiration: time.Minute}), hello)
	app.Get("/panic", func(c *fiber.Ctx) error {
		var s []string
		return c.SendString(s[3])
	})
	log.Fatal(app.Listen("127.0.0.1:18211"))
}
