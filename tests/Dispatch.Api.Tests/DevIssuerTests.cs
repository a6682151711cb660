using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dispatch.Domain.Access;

namespace Dispatch.Api.Tests;

/// <summary>
/// The local development issuer as build/run.sh uses it (the built API's <c>dev-tokens</c> verb, a real process), and
/// the README's curl examples run by bash and curl against an API that trusts it, exactly as a developer would.
/// </summary>
public class DevIssuerTests
{
    private static async Task<string> Run(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}\n{await error}");
        return await output;
    }

    private static async Task<Dictionary<string, string>> DevTokens(string keyDirectory) =>
        Regex.Matches(await Run("dotnet", [Repository.ApiDll(), "dev-tokens", "--key-dir", keyDirectory, "--issuer", "wuyang-dev", "--audience", "wuyang-patrol"]),
                "^export ([A-Z_]+)=(.+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

    /// <summary>Every curl command of the README's bash blocks, continuation lines joined, with the status it expects.</summary>
    private static IEnumerable<(string Command, int? Expected)> ReadmeCurls()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        foreach (Match block in Regex.Matches(readme, "```bash\n(.*?)```", RegexOptions.Singleline))
        foreach (var line in Regex.Replace(block.Groups[1].Value, "\\\\\n\\s*", " ").Split('\n').Where(l => l.StartsWith("curl ")))
        {
            var expected = Regex.Match(line, "#\\s*(\\d{3})\\b");
            yield return (expected.Success ? line[..expected.Index].TrimEnd() : line, expected.Success ? int.Parse(expected.Groups[1].Value) : null);
        }
    }

    [Fact]
    public async Task The_dev_issuer_makes_its_key_once_prints_a_token_per_role_and_the_READMEs_curl_examples_work_with_them()
    {
        var keys = Directory.CreateTempSubdirectory("dev-issuer-").FullName;
        var first = await DevTokens(keys);
        var publicKey = await File.ReadAllTextAsync(Path.Combine(keys, "signing-key.pub.pem"));
        if (!OperatingSystem.IsWindows()) // the private key is readable by its owner only
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, "signing-key.pem")));
        var tokens = await DevTokens(keys); // a second run keeps the key and mints fresh tokens
        Assert.Equal(publicKey, await File.ReadAllTextAsync(Path.Combine(keys, "signing-key.pub.pem")));
        Assert.Equal(first.Keys.Order(), tokens.Keys.Order());

        await using var api = await ApiHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Auth:Jwt:Issuer"] = "wuyang-dev",
            ["Auth:Jwt:Audience"] = "wuyang-patrol",
            ["Auth:Jwt:SigningKeys:0"] = null,
            ["Auth:Jwt:SigningKeyFiles:0"] = Path.Combine(keys, "signing-key.pub.pem"),
        });
        foreach (var role in Roles.All)
        {
            var me = await api.Json(await api.ClientWithToken(tokens[$"{role.Replace('-', '_').ToUpperInvariant()}_TOKEN"]).GetAsync("/me"));
            Assert.Equal([role], me["roles"]!.AsArray().Select(r => (string)r!));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client.GetAsync("/me")).StatusCode); // the tests' own issuer is not trusted here

        // The README, as a developer runs it: source the tokens, then each curl line as written, but against this API.
        var environment = Path.Combine(keys, "dev-tokens.env");
        await File.WriteAllLinesAsync(environment, tokens.Select(t => $"export {t.Key}={t.Value}"));
        var curls = ReadmeCurls().ToList();
        Assert.True(curls.Count >= 5, "the README shows curl examples");
        foreach (var (command, expected) in curls)
        {
            var body = Path.Combine(keys, "body");
            var line = command.Replace("http://127.0.0.1:5080", api.Client.BaseAddress!.ToString().TrimEnd('/'));
            var status = int.Parse(await Run("bash", ["-c", $"set -euo pipefail; source '{environment}'; {line} -o '{body}' -w '%{{http_code}}'"]));
            var answer = await File.ReadAllTextAsync(body);
            Assert.True(expected is { } code ? status == code : status is >= 200 and < 300, $"{command}\n-> {status} {answer}");
            Assert.NotNull(JsonNode.Parse(answer)); // every answer is JSON, refusals as problem documents
        }
    }
}
