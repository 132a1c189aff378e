<%-- fails on every request, so Tomcat answers 500 --%>
<% if (true) throw new IllegalStateException("database connection pool exhausted"); %>
