using System.Globalization;
using System.Security.Cryptography;
using Bunq;

// Usage: Bunq.ContextWriter <context-file> <key-file>
// Saves an ever-changing context to the file as fast as it can, printing "saved N" after each save, until killed.
IBunqContextStore store = BunqContextStore.File(args[0], BunqContextProtection.UserKey(args[1]));
using BunqKeyPair clientKey = BunqKeyPair.Generate();
using RSA server = RSA.Create(2048);
using BunqServerPublicKey serverKey = BunqServerPublicKey.FromPem(server.ExportSubjectPublicKeyInfoPem());
var context = new BunqApiContext(new Uri("https://127.0.0.1:1/v1/"), clientKey, serverKey, new BunqSecret("installation-token"), new BunqSecret("sandbox_key"), null);
for (long i = 1; ; i++)
{
    // a growing padding makes the file size change, so a torn write would show
    var session = new BunqSession(i, new BunqSecret("session-" + new string('x', (int)(i % 5000))), 42, DateTimeOffset.UnixEpoch.AddSeconds(i));
    await store.SaveAsync(context.WithSession(session), CancellationToken.None);
    Console.WriteLine("saved " + i.ToString(CultureInfo.InvariantCulture));
}
