using System.Security.Cryptography;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Access;

namespace Dispatch.Api.Access;

/// <summary>
/// The local development issuer, <c>Dispatch.Api dev-tokens</c>: creates an EC P-256 signing key on first use (kept in
/// a git-ignored folder), writes its public half for the API to trust, and prints a ready token per role as shell
/// <c>export</c> lines. Offline; build/run.sh runs it. Never point a production API at this key.
/// </summary>
public static class DevIssuer
{
    public const string Verb = "dev-tokens";
    public const string PrivateKeyFile = "signing-key.pem";
    public const string PublicKeyFile = "signing-key.pub.pem";

    public static int Run(string[] args, TextWriter output)
    {
        string Option(string name, string fallback) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? value : fallback;
        var directory = Path.GetFullPath(Option("--key-dir", Path.Combine(".local", "dev-issuer")));
        var issuer = Option("--issuer", "wuyang-dev");
        var audience = Option("--audience", "wuyang-patrol");
        var hours = double.Parse(Option("--hours", "24"), System.Globalization.CultureInfo.InvariantCulture);
        var callSign = Option("--unit", "网格7-1");

        var key = LoadOrCreateKey(directory);
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var unit = ReferenceDataFiles.Load(ReferenceDataFiles.ResolveDirectory(config)).Units.FirstOrDefault(u => u.CallSign == callSign);
        if (unit is null)
        {
            Console.Error.WriteLine($"dev-tokens: no unit with call sign {callSign} in the reference data");
            return 2;
        }

        var now = DateTime.UtcNow;
        var expires = now.AddHours(hours);
        string Token(TokenClaims claims) => TokenMinter.Mint(key, issuer, audience, claims, now.AddSeconds(-5), expires);
        output.WriteLine($"# Local development issuer {issuer} (key {Path.Combine(directory, PrivateKeyFile)}), audience {audience}; " +
                         $"tokens valid until {expires:yyyy-MM-dd HH:mm} UTC.");
        output.WriteLine($"export DISPATCHER_TOKEN={Token(new TokenClaims("dev-dispatcher", [Roles.Dispatcher], Grants: [Grants.DutyLevel], Name: "值班调度员"))}");
        output.WriteLine($"export FIELD_UNIT_ID={unit.Id}");
        output.WriteLine($"export FIELD_UNIT_TOKEN={Token(new TokenClaims($"dev-unit-{unit.CallSignEn}", [Roles.FieldUnit], [unit.Id], Name: unit.CallSign))}");
        output.WriteLine($"export AUDITOR_TOKEN={Token(new TokenClaims("dev-auditor", [Roles.Auditor], Name: "审计员"))}");
        output.WriteLine($"export INTEGRATOR_TOKEN={Token(new TokenClaims("dev-integrator", [Roles.Integrator], Name: "110平台",
            Contracts: [.. Feed.IntegrationContracts.All.Select(c => c.Name)]))}");
        output.WriteLine($"export INSPECTOR_TOKEN={Token(new TokenClaims("dev-inspector", [Roles.Inspector], Name: "督察员"))}");
        output.WriteLine($"export DEVICE_GATEWAY_TOKEN={Token(new TokenClaims("dev-device-gateway", [Roles.DeviceGateway], Name: "一键呼叫网关"))}");
        output.WriteLine($"export ADMINISTRATOR_TOKEN={Token(new TokenClaims("dev-administrator", [Roles.Administrator], Name: "系统管理员"))}");
        output.WriteLine($"export DEPARTMENT_TOKEN={Token(new TokenClaims("dev-department-fire", [Roles.Department], Name: "县消防救援大队",
            Departments: [Domain.Plans.DepartmentCodes.Fire]))}");
        return 0;
    }

    private static ECDsa LoadOrCreateKey(string directory)
    {
        var privatePath = Path.Combine(directory, PrivateKeyFile);
        var key = ECDsa.Create();
        if (File.Exists(privatePath))
            key.ImportFromPem(File.ReadAllText(privatePath));
        else
        {
            Directory.CreateDirectory(directory);
            key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(Path.Combine(directory, PublicKeyFile), key.ExportSubjectPublicKeyInfoPem());
        return key;
    }
}
