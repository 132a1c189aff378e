// Command gin serves routes guarded by gin.BasicAuth and appleboy/gin-jwt,
// with gin.Recovery for panics.
package main

import (
	"log"
	"net/http"
	"strings"
	"time"

	"authlens.test/realworld/internal/testkeys"
	jwt "github.com/appleboy/gin-jwt/v2"
	"github.com/gin-gonic/gin"
)

type login struct {
	Username string `json:"username" binding:"required"`
	Password string `json:"password" binding:"required"`
}

func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	hello := func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"hello": "world"}) }

	r.GET("/basic/me", gin.BasicAuth(gin.Accounts{"alice": "wonderland"}), hello)

	mw, err := jwt.New(&jwt.GinJWTMiddleware{
		Realm:       "corpus",
		Key:         testkeys.Secret,
		Timeout:     time.Hour,
		IdentityKey: "sub",
		PayloadFunc: func(data any) jwt.MapClaims { return jwt.MapClaims{"sub": data} },
		Authenticator: func(c *gin.Context) (any, error) {
			var l login
			if err := c.ShouldBind(&l); err != nil {
				return nil, jwt.ErrMissingLoginValues
			}
			if l.Username == "alice" && l.Password == "wonderland" {
				return "alice", nil
			}
			return nil, jwt.ErrFailedAuthentication
		},
		Authorizator: func(data any, c *gin.Context) bool {
			if strings.HasPrefix(c.FullPath(), "/jwt/admin") {
				return data == "root"
			}
			return true
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	r.POST("/login", mw.LoginHandler)
	g := r.Group("/jwt", mw.MiddlewareFunc())
	g.GET("/me", hello)
	g.GET("/admin/users", hello)

	// The same middleware reading the token from a cookie, as web front
	// ends do, with refresh allowed for a day after expiry.
	cm, err := jwt.New(&jwt.GinJWTMiddleware{
		Realm:         "corpus",
		Key:           testkeys.Secret,
		Timeout:       time.Hour,
		MaxRefresh:    24 * time.Hour,
		IdentityKey:   "sub",
		TokenLookup:   "cookie:jwt",
		Authenticator: func(c *gin.Context) (any, error) { return nil, jwt.ErrFailedAuthentication },
	})
	if err != nil {
		log.Fatal(err)
	}
	r.GET("/web/me", cm.MiddlewareFunc(), hello)
	r.GET("/web/refresh", cm.RefreshHandler)

	// Old API host name: links redirect to the canonical one.
	r.GET("/v0/me", func(c *gin.Context) { c.Redirect(http.StatusTemporaryRedirect, "http://localhost:18203/jwt/me") })

	// Private repositories answer 404 to anyone without access.
	r.GET("/repos/alice/private", func(c *gin.Context) {
		if u, p, ok := c.Request.BasicAuth(); !ok || u != "alice" || p != "wonderland" {
			c.JSON(http.StatusNotFound, gin.H{"message": "Not Found"})
			return
		}
		hello(c)
	})

	r.GET("/panic", func(c *gin.Context) {
		var p *login
		c.String(http.StatusOK, p.Username)
	})
	log.Fatal(r.Run("127.0.0.1:18203"))
}
