using Bunq;
using BunqApp;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);

// The "Bunq" section: appsettings.json holds what may be committed (Environment); the API key comes from user secrets
// (dotnet user-secrets set Bunq:ApiKey KEY) or the environment (Bunq__ApiKey). The API context (installation, device,
// session) is kept in bunq-context.json, encrypted with a key in your user profile, so a restart reuses it.
builder.Services.AddBank(builder.Configuration.GetSection("Bunq"), options =>
    options.ContextStore ??= BunqContextStore.File(Path.Combine(builder.Environment.ContentRootPath, "bunq-context.json")));
builder.Services.AddSingleton<AccountReport>();
builder.Services.AddHostedService<Worker>();

builder.Build().Run();
