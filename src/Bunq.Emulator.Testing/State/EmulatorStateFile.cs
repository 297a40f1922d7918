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
            key.ImportFromPem(File.ReadAllText(path));
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
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(CertificatePath, CertificateKeyPath);
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

    public void Load(EmulatorState state)
    {
        if (!File.Exists(StatePath))
        {
            return;
        }

        JsonNode root = JsonNode.Parse(File.ReadAllText(StatePath)) ?? throw new InvalidDataException($"{StatePath} is empty.");
        lock (state.Gate)
        {
            state.SetNextId(root["next_id"]!.GetValue<long>());
            foreach (JsonNode? u in root["users"]!.AsArray())
            {
                var user = new User(u!["id"]!.GetValue<long>(), Enum.Parse<UserKind>(u["kind"]!.GetValue<string>()), u["name"]!.GetValue<string>(), u["timeout"]!.GetValue<long>())
                {
                    CertificateDistinguishedName = u["certificate_dn"]?.GetValue<string>(),
                    Created = u["created"]?.GetValue<DateTimeOffset>() ?? default,
                };
                state.Users.Add(user.Id, user);
            }

            // OAuth users point at other users: link them once every user exists.
            foreach (JsonNode? u in root["users"]!.AsArray())
            {
                if (u!["granted_by"] is { } granted)
                {
                    User plain = state.Users[u["id"]!.GetValue<long>()];
                    state.Users[plain.Id] = new User(plain.Id, plain.Kind, plain.DisplayName, plain.SessionTimeout)
                    {
                        Created = plain.Created,
                        GrantedBy = state.Users[granted.GetValue<long>()],
                        RequestedBy = state.Users[u["requested_by"]!.GetValue<long>()],
                    };
                }
            }

            foreach (JsonNode? k in root["api_keys"]!.AsArray())
            {
                var key = new ApiKey(k!["secret"]!.GetValue<string>(), state.Users[k["user"]!.GetValue<long>()], k["credential"]!.GetValue<long>())
                {
                    AllowAllIps = k["all_ips"]!.GetValue<bool>(),
                };
                key.Ips.AddRange(k["ips"]!.AsArray().Select(ip => new PermittedIp(ip!["id"]!.GetValue<long>(), ip["ip"]!.GetValue<string>()) { Status = ip["status"]!.GetValue<string>() }));
                state.ApiKeys.Add(key.Secret, key);
            }

            foreach (JsonNode? i in root["installations"]!.AsArray())
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(i!["key"]!.GetValue<string>());
                var installation = new Installation(i["id"]!.GetValue<long>(), i["token"]!.GetValue<string>(), rsa) { PublicKeyPem = i["key"]!.GetValue<string>() };
                state.Installations.Add(installation.Id, installation);
                state.InstallationsByToken.Add(installation.Token, installation);
            }

            foreach (JsonNode? d in root["devices"]!.AsArray())
            {
                state.Devices.Add(new Device(d!["id"]!.GetValue<long>(), d["description"]!.GetValue<string>(), state.Installations[d["installation"]!.GetValue<long>()],
                    state.ApiKeys[d["api_key"]!.GetValue<string>()], d["ip"]!.GetValue<string>()));
            }

            foreach (JsonNode? s in root["sessions"]!.AsArray())
            {
                var session = new Session(s!["id"]!.GetValue<long>(), s["token"]!.GetValue<string>(), state.Installations[s["installation"]!.GetValue<long>()],
                    state.ApiKeys[s["api_key"]!.GetValue<string>()], s["created"]!.GetValue<DateTimeOffset>(), s["expiry"]!.GetValue<DateTimeOffset>(),
                    s["timeout"]?.GetValue<long>() ?? (long)(s["expiry"]!.GetValue<DateTimeOffset>() - s["created"]!.GetValue<DateTimeOffset>()).TotalSeconds);
                state.SessionsByToken.Add(session.Token, session);
            }

            foreach (JsonNode? a in root["accounts"]!.AsArray())
            {
                var account = new Account(a!["id"]!.GetValue<long>(), a["user"]!.GetValue<long>(), a["description"]!.GetValue<string>(), a["currency"]!.GetValue<string>(), a["iban"]!.GetValue<string>())
                {
                    Balance = a["balance"]!.GetValue<decimal>(),
                    Created = a["created"]!.GetValue<DateTimeOffset>(),
                    Kind = a["kind"] is { } kind ? Enum.Parse<AccountKind>(kind.GetValue<string>()) : AccountKind.Bank,
                    Status = a["status"]?.GetValue<string>() ?? "ACTIVE",
                    SubStatus = a["sub_status"]?.GetValue<string>() ?? "VALID",
                    Reason = a["reason"]?.GetValue<string>(),
                    ReasonDescription = a["reason_description"]?.GetValue<string>(),
                    SavingsGoal = a["savings_goal"]?.GetValue<decimal>(),
                };
                state.Accounts.Add(account.Id, account);
            }

            foreach (JsonNode? p in root["payments"]!.AsArray())
            {
                state.Payments.Add(new Payment(p!["id"]!.GetValue<long>(), p["account"]!.GetValue<long>(), p["amount"]!.GetValue<decimal>(), p["currency"]!.GetValue<string>(),
                    p["description"]!.GetValue<string>(), p["type"]!.GetValue<string>(), p["value"]!.GetValue<string>(), p["name"]?.GetValue<string>(), p["created"]!.GetValue<DateTimeOffset>())
                {
                    BalanceAfter = p["balance_after"]?.GetValue<decimal>() ?? 0m,
                    SubType = p["sub_type"]?.GetValue<string>() ?? "PAYMENT",
                    BatchId = p["batch"]?.GetValue<long>(),
                    ScheduleId = p["schedule"]?.GetValue<long>(),
                    Type = p["payment_type"]?.GetValue<string>() ?? "BUNQ",
                });
            }

            foreach (JsonNode? q in root["inquiries"]!.AsArray())
            {
                var inquiry = new RequestInquiry(q!["id"]!.GetValue<long>(), q["account"]!.GetValue<long>(), q["amount"]!.GetValue<decimal>(), q["currency"]!.GetValue<string>(),
                    q["counterparty"]!.GetValue<string>(), q["status"]!.GetValue<string>())
                {
                    Description = q["description"]?.GetValue<string>() ?? string.Empty,
                    Created = q["created"]?.GetValue<DateTimeOffset>() ?? default,
                };
                state.Inquiries.Add(inquiry.Id, inquiry);
            }

            state.Generic.Load(root["generic"]?.AsArray());
            LedgerFile.Load(state, root["ledger"]?.AsObject());
            NotesFile.Load(state.Files, root["notes"]?.AsObject());
            CardsFile.Load(state, root["cards"]?.AsObject());
            EventsFile.Load(state.Events, root["events"]);
        }
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Cast<JsonNode?>().ToArray());

    // The folder holds API keys, tokens and private keys: the one owner-only atomic writer (src/Shared/Files).
    private void WriteAtomically(string path, string text)
    {
        OwnerOnlyFiles.CreateFolder(directory);
        OwnerOnlyFiles.WriteAllText(path, text);
    }
}
