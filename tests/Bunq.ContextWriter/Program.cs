using System.Globalization;
using System.Security.Cryptography;
using Bunq;

// Usage: Bunq.ContextWriter <context-file> <key-file>
//   Saves an ever-changing context to the file as fast as it can, printing "saved N" after each save, until killed.
// Usage: Bunq.ContextWriter race <context-folder> <key-prefix> <count>
//   Prints "ready", waits for a line on stdin, then saves one context per key <key-prefix>-<i>.key (i < count) into
//   <context-folder>/context-<i>.json, as fast as it can: several such processes race to create the same key files.
using BunqKeyPair clientKey = BunqKeyPair.Generate();
using RSA server = RSA.Create(2048);
using BunqServerPublicKey serverKey = BunqServerPublicKey.FromPem(server.ExportSubjectPublicKeyInfoPem());
var context = new BunqApiContext(new Uri("https://127.0.0.1:1/v1/"), clientKey, serverKey, new BunqSecret("installation-token"), new BunqSecret("sandbox_key"), null);
if (args[0] == "race")
{
    Directory.CreateDirectory(args[1]);
    int count = int.Parse(args[3], CultureInfo.InvariantCulture);
    Console.WriteLine("ready");
    _ = Console.ReadLine();
    for (int i = 0; i < count; i++)
    {
        string key = args[2] + "-" + i.ToString(CultureInfo.InvariantCulture) + ".key";
        string file = Path.Combine(args[1], "context-" + i.ToString(CultureInfo.InvariantCulture) + ".json");
        await BunqContextStore.File(file, BunqContextProtection.UserKey(key)).SaveAsync(context, CancellationToken.None);
    }

    return;
}

IBunqContextStore store = BunqContextStore.File(args[0], BunqContextProtection.UserKey(args[1]));
for (long i = 1; ; i++)
{
    // a growing padding makes the file size change, so a torn write would show
    var session = new BunqSession(i, new BunqSecret("session-" + new string('x', (int)(i % 5000))), 42, DateTimeOffset.UnixEpoch.AddSeconds(i));
    await store.SaveAsync(context.WithSession(session), CancellationToken.None);
    Console.WriteLine("saved " + i.ToString(CultureInfo.InvariantCulture));
}
