import java.lang.reflect.Field;

/**
 * Starts Amazon DynamoDB Local with its HTTP connector bound to 127.0.0.1 only. DynamoDB Local
 * has no option for the bind address (its Jetty server listens on every interface), so this
 * builds the server from the usual command-line arguments, sets the host on its connectors,
 * then starts it. Reflection only: it compiles without DynamoDB Local on the class path.
 */
class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy =
        runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object server = field.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector");
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    }
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
