<%-- fails on every request, so Jetty answers 500 --%>
<% if (true) throw new IllegalStateException("database connection pool exhausted"); %>
