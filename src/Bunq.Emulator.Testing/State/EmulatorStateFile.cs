using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// Keeps an emulator's identity (response-signing key, TLS certificate) and its state in a folder, so a client's saved
/// context still works after the emulator restarts (the quickstart's second run). Written atomically.
/// </summary>
internal sealed class EmulatorStateFile(string directory)
{
    private string StatePath => Path.Combine(directory, "state.json");

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The certificate (no key) as PEM: what another client trusts or pins.</summary>
    public string CertificatePath => Path.Combine(directory, "certificate.pem");

    private string CertificateKeyPath => Path.Combine(directory, "certificate-key.pem");

    private string ServerKeyPath => Path.Combine(directory, "server-key.pem");

    /// <summary>
    /// Makes an existing folder owner-only and tightens the files kept in it (API keys, tokens, private keys): an older
    /// version, a copy or a restore may have left them readable by others. Other files in the folder are not touched.
    /// </summary>
    public void Secure()
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
        {
            return; // a new folder is made owner-only when the first file is written
        }

        File.SetUnixFileMode(directory, OwnerOnlyFolder);
        foreach (string file in new[] { StatePath, ServerKeyPath, CertificateKeyPath, CertificatePath })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != OwnerOnlyFile)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
    }

    public RSA LoadOrCreateServerKey()
    {
        string path = ServerKeyPath;
        var key = RSA.Create(2048);
        if (File.Exists(path))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                // the exception says only which PEM labels it wanted; the file itself is left for its owner to look at
                key.Dispose();
                throw new InvalidDataException($"{path}: holds no RSA private key in PEM. Nothing in the folder was changed; fix the file or move it away.");
            }
        }
        else
        {
            WriteAtomically(path, key.ExportPkcs8PrivateKeyPem());
        }

        return key;
    }

    public X509Certificate2 LoadOrCreateCertificate(Func<X509Certificate2> create)
    {
        if (File.Exists(CertificatePath) && File.Exists(CertificateKeyPath))
        {
            using X509Certificate2 pem = ReadCertificate();
            if (pem.NotAfter > DateTime.UtcNow.AddHours(1))
            {
                // Kestrel wants a key it can use from a PKCS#12-loaded certificate, as at creation.
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), null);
            }
        }

        X509Certificate2 certificate = create();
        using ECDsa key = certificate.GetECDsaPrivateKey() ?? throw new InvalidDataException("The emulator's certificate has no ECDSA key.");
        WriteAtomically(CertificateKeyPath, key.ExportPkcs8PrivateKeyPem());
        WriteAtomically(CertificatePath, certificate.ExportCertificatePem() + "\n");
        return certificate;
    }

    // A damaged certificate or key is an error, not a reason to make a new one: clients pin this certificate.
    private X509Certificate2 ReadCertificate()
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(CertificatePath, CertificateKeyPath);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new InvalidDataException($"{CertificatePath} and {Path.GetFileName(CertificateKeyPath)}: not a certificate and its private key in PEM. Nothing in the folder was changed; fix the files or move them away.");
        }
    }

    private readonly object _saveGate = new();
    private long _saveRequests;
    private long _savedUpTo;

    /// <summary>
    /// Writes the state, after the caller's change, before its answer leaves. Saves are one at a time: concurrent ones
    /// shared the temporary file (an <c>IOException</c>, a 500 for a payment that went through) and an older snapshot
    /// could land after a newer one (an acknowledged change lost on restart). A save whose change a later snapshot
    /// already holds returns at once, so concurrent requests share one write (group commit).
    /// </summary>
    public void Save(EmulatorState state)
    {
        long ticket = Interlocked.Increment(ref _saveRequests); // taken after the caller's change
        lock (_saveGate)
        {
            if (_savedUpTo >= ticket)
            {
                return; // a snapshot taken after this ticket is on disk
            }

            long covers = Interlocked.Read(ref _saveRequests); // every ticket up to here was taken before the snapshot below
            WriteAtomically(StatePath, Snapshot(state).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            _savedUpTo = covers;
        }
    }

    private static JsonObject Snapshot(EmulatorState state)
    {
        JsonObject root;
        lock (state.Gate)
        {
            root = new JsonObject
            {
                ["next_id"] = state.PeekNextId(),
                ["users"] = Array(state.Users.Values.Select(u => new JsonObject
                {
                    ["id"] = u.Id, ["kind"] = u.Kind.ToString(), ["name"] = u.DisplayName, ["timeout"] = u.SessionTimeout,
                    ["granted_by"] = u.GrantedBy?.Id, ["requested_by"] = u.RequestedBy?.Id, ["certificate_dn"] = u.CertificateDistinguishedName, ["created"] = u.Created,
                })),
                ["api_keys"] = Array(state.ApiKeys.Values.Select(k => new JsonObject
                {
                    ["secret"] = k.Secret, ["user"] = k.User.Id, ["credential"] = k.CredentialId, ["all_ips"] = k.AllowAllIps,
                    ["ips"] = Array(k.Ips.Select(ip => new JsonObject { ["id"] = ip.Id, ["ip"] = ip.Ip, ["status"] = ip.Status })),
                })),
                ["installations"] = Array(state.Installations.Values.Select(i => new JsonObject
                {
                    ["id"] = i.Id, ["token"] = i.Token, ["key"] = i.PublicKeyPem,
                })),
                ["devices"] = Array(state.Devices.Select(d => new JsonObject
                {
                    ["id"] = d.Id, ["description"] = d.Description, ["installation"] = d.Installation.Id, ["api_key"] = d.ApiKey.Secret, ["ip"] = d.Ip,
                })),
                ["sessions"] = Array(state.SessionsByToken.Values.Select(s => new JsonObject
                {
                    ["id"] = s.Id, ["token"] = s.Token, ["installation"] = s.Installation.Id, ["api_key"] = s.ApiKey.Secret,
                    ["created"] = s.Created, ["expiry"] = s.Expiry, ["timeout"] = s.TimeoutSeconds,
                })),
                ["accounts"] = Array(state.Accounts.Values.Select(a => new JsonObject
                {
                    ["id"] = a.Id, ["user"] = a.UserId, ["description"] = a.Description, ["currency"] = a.Currency, ["iban"] = a.Iban,
                    ["balance"] = a.Balance, ["created"] = a.Created, ["kind"] = a.Kind.ToString(), ["status"] = a.Status, ["sub_status"] = a.SubStatus,
                    ["reason"] = a.Reason, ["reason_description"] = a.ReasonDescription, ["savings_goal"] = a.SavingsGoal,
                })),
                ["payments"] = Array(state.Payments.Select(p => new JsonObject
                {
                    ["id"] = p.Id, ["account"] = p.AccountId, ["amount"] = p.Amount, ["currency"] = p.Currency, ["description"] = p.Description,
                    ["type"] = p.CounterpartyType, ["value"] = p.CounterpartyValue, ["name"] = p.CounterpartyName, ["created"] = p.Created,
                    ["balance_after"] = p.BalanceAfter, ["sub_type"] = p.SubType, ["batch"] = p.BatchId, ["schedule"] = p.ScheduleId,
                    ["payment_type"] = p.Type,
                })),
                ["events"] = EventsFile.Save(state.Events),
                ["inquiries"] = Array(state.Inquiries.Values.Select(q => new JsonObject
                {
                    ["id"] = q.Id, ["account"] = q.AccountId, ["amount"] = q.Amount, ["currency"] = q.Currency, ["counterparty"] = q.Counterparty, ["status"] = q.Status,
                    ["description"] = q.Description, ["created"] = q.Created,
                })),
                ["generic"] = state.Generic.ToJson(),
                ["ledger"] = LedgerFile.ToJson(state),
                ["notes"] = NotesFile.ToJson(state.Files),
                ["cards"] = CardsFile.ToJson(state),
            };
        }

        return root;
    }

    /// <summary>
    /// Reads the state file into <paramref name="state"/>. A malformed file is one <see cref="InvalidDataException"/>
    /// naming the file and the place (<c>devices[2].api_key</c>), never a value; the file is left as it is.
    /// </summary>
    public void Load(EmulatorState state)
    {
        if (!File.Exists(StatePath))
        {
            return;
        }

        var reader = new StateFileReader(StatePath);
        string text = File.ReadAllText(StatePath);
        reader.Read(() =>
        {
            JsonNode root = JsonNode.Parse(text) is JsonObject parsed ? parsed : throw reader.Error("is not a JSON object");
            lock (state.Gate)
            {
                Load(state, root, reader);
            }
        });
    }

    private static void Load(EmulatorState state, JsonNode root, StateFileReader reader)
    {
        state.SetNextId(reader.Get<long>(root, "next_id"));
        foreach (JsonNode u in reader.Items(root, "users"))
        {
            var user = new User(reader.Get<long>(u, "id"), reader.Enum<UserKind>(u, "kind"), reader.Get<string>(u, "name"), reader.Get<long>(u, "timeout"))
            {
                CertificateDistinguishedName = reader.OptionalText(u, "certificate_dn"),
                Created = reader.OptionalValue<DateTimeOffset>(u, "created") ?? default,
            };
            reader.Add(state.Users, user.Id, user, "id");
        }

        // OAuth users point at other users: link them once every user exists.
        foreach (JsonNode u in reader.Items(root, "users"))
        {
            if (reader.OptionalValue<long>(u, "granted_by") is { } granted)
            {
                User plain = reader.Find(state.Users, reader.Get<long>(u, "id"), "id");
                state.Users[plain.Id] = new User(plain.Id, plain.Kind, plain.DisplayName, plain.SessionTimeout)
                {
                    Created = plain.Created,
                    GrantedBy = reader.Find(state.Users, granted, "granted_by"),
                    RequestedBy = reader.Find(state.Users, reader.Get<long>(u, "requested_by"), "requested_by"),
                };
            }
        }

        foreach (JsonNode k in reader.Items(root, "api_keys"))
        {
            var key = new ApiKey(reader.Get<string>(k, "secret"), reader.Find(state.Users, reader.Get<long>(k, "user"), "user"), reader.Get<long>(k, "credential"))
            {
                AllowAllIps = reader.Get<bool>(k, "all_ips"),
            };
            key.Ips.AddRange(reader.Get<JsonArray>(k, "ips").Select(ip => ip ?? throw reader.Error($"{reader.At("ips")} holds a null"))
                .Select(ip => new PermittedIp(reader.Get<long>(ip, "id"), reader.Get<string>(ip, "ip")) { Status = reader.Get<string>(ip, "status") }));
            reader.Add(state.ApiKeys, key.Secret, key, "secret");
        }

        foreach (JsonNode i in reader.Items(root, "installations"))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(reader.Get<string>(i, "key"));
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                rsa.Dispose();
                throw reader.Error($"{reader.At("key")} is not a public key in PEM");
            }

            var installation = new Installation(reader.Get<long>(i, "id"), reader.Get<string>(i, "token"), rsa) { PublicKeyPem = reader.Get<string>(i, "key"), RequestIds = new(state.Options.RequestIdCapacity) };
            reader.Add(state.Installations, installation.Id, installation, "id");
            reader.Add(state.InstallationsByToken, installation.Token, installation, "token");
        }

        foreach (JsonNode d in reader.Items(root, "devices"))
        {
            state.Devices.Add(new Device(reader.Get<long>(d, "id"), reader.Get<string>(d, "description"), reader.Find(state.Installations, reader.Get<long>(d, "installation"), "installation"),
                reader.Find(state.ApiKeys, reader.Get<string>(d, "api_key"), "api_key"), reader.Get<string>(d, "ip")));
        }

        foreach (JsonNode s in reader.Items(root, "sessions"))
        {
            var session = new Session(reader.Get<long>(s, "id"), reader.Get<string>(s, "token"), reader.Find(state.Installations, reader.Get<long>(s, "installation"), "installation"),
                reader.Find(state.ApiKeys, reader.Get<string>(s, "api_key"), "api_key"), reader.Get<DateTimeOffset>(s, "created"), reader.Get<DateTimeOffset>(s, "expiry"),
                reader.OptionalValue<long>(s, "timeout") ?? (long)(reader.Get<DateTimeOffset>(s, "expiry") - reader.Get<DateTimeOffset>(s, "created")).TotalSeconds);
            reader.Add(state.SessionsByToken, session.Token, session, "token");
        }

        foreach (JsonNode a in reader.Items(root, "accounts"))
        {
            var account = new Account(reader.Get<long>(a, "id"), reader.Get<long>(a, "user"), reader.Get<string>(a, "description"), reader.Get<string>(a, "currency"), reader.Get<string>(a, "iban"))
            {
                Balance = reader.Get<decimal>(a, "balance"),
                Created = reader.Get<DateTimeOffset>(a, "created"),
                Kind = a["kind"] is null ? AccountKind.Bank : reader.Enum<AccountKind>(a, "kind"),
                Status = reader.OptionalText(a, "status") ?? "ACTIVE",
                SubStatus = reader.OptionalText(a, "sub_status") ?? "VALID",
                Reason = reader.OptionalText(a, "reason"),
                ReasonDescription = reader.OptionalText(a, "reason_description"),
                SavingsGoal = reader.OptionalValue<decimal>(a, "savings_goal"),
            };
            reader.Add(state.Accounts, account.Id, account, "id");
        }

        foreach (JsonNode p in reader.Items(root, "payments"))
        {
            state.Payments.Add(new Payment(reader.Get<long>(p, "id"), reader.Get<long>(p, "account"), reader.Get<decimal>(p, "amount"), reader.Get<string>(p, "currency"),
                reader.Get<string>(p, "description"), reader.Get<string>(p, "type"), reader.Get<string>(p, "value"), reader.OptionalText(p, "name"), reader.Get<DateTimeOffset>(p, "created"))
            {
                BalanceAfter = reader.OptionalValue<decimal>(p, "balance_after") ?? 0m,
                SubType = reader.OptionalText(p, "sub_type") ?? "PAYMENT",
                BatchId = reader.OptionalValue<long>(p, "batch"),
                ScheduleId = reader.OptionalValue<long>(p, "schedule"),
                Type = reader.OptionalText(p, "payment_type") ?? "BUNQ",
            });
        }

        foreach (JsonNode q in reader.Items(root, "inquiries"))
        {
            var inquiry = new RequestInquiry(reader.Get<long>(q, "id"), reader.Get<long>(q, "account"), reader.Get<decimal>(q, "amount"), reader.Get<string>(q, "currency"),
                reader.Get<string>(q, "counterparty"), reader.Get<string>(q, "status"))
            {
                Description = reader.OptionalText(q, "description") ?? string.Empty,
                Created = reader.OptionalValue<DateTimeOffset>(q, "created") ?? default,
            };
            reader.Add(state.Inquiries, inquiry.Id, inquiry, "id");
        }

        // Sections with loaders of their own, through the same reader: an error names its place (ledger.drafts[0].status).
        state.Generic.Load(reader, reader.SectionList(root, "generic"));
        LedgerFile.Load(state, reader, reader.SectionObject(root, "ledger"));
        NotesFile.Load(state.Files, reader, reader.SectionObject(root, "notes"));
        CardsFile.Load(state, reader, reader.SectionObject(root, "cards"));
        EventsFile.Load(state.Events, reader, reader.SectionObject(root, "events"));
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Cast<JsonNode?>().ToArray());

    // The folder holds API keys, tokens and private keys: the one owner-only atomic writer (src/Shared/Files).
    private void WriteAtomically(string path, string text)
    {
        OwnerOnlyFiles.CreateFolder(directory);
        OwnerOnlyFiles.WriteAllText(path, text);
    }
}
