using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Feed;
using Snapshooter.Xunit;

namespace Dispatch.Api.Tests;

/// <summary>
/// The integration contracts are a promise to other systems: an accidental rename, retype or removed field fails
/// here. A deliberate change is a new version (…v2) beside the old one, and a new snapshot.
/// </summary>
public class ContractSchemaTests
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void The_schema_and_example_of_every_contract_are_unchanged()
    {
        var documented = new JsonObject();
        foreach (var contract in ContractDocumentation.Describe(new HashSet<string>()))
            documented[contract.Name] = new JsonObject
            {
                ["type"] = contract.Type,
                ["schema"] = contract.Schema.DeepClone(),
                ["example"] = contract.Example.DeepClone(),
            };
        Snapshot.Match(documented.ToJsonString(Indented));
    }

    [Fact]
    public void Every_example_has_exactly_the_properties_its_schema_names_and_every_required_one()
    {
        Assert.Equal(IntegrationContracts.All.Select(c => c.Type), ContractDocumentation.Examples.Select(e => e.Data.GetType()));
        foreach (var contract in ContractDocumentation.Describe(new HashSet<string>()))
        {
            var properties = contract.Schema["properties"]!.AsObject().Select(p => p.Key).Order().ToList();
            var required = contract.Schema["required"]!.AsArray().Select(r => (string)r!).ToList();
            var data = contract.Example["data"]!.AsObject();
            Assert.Equal(properties, data.Select(p => p.Key).Order());
            Assert.All(required, r => Assert.True(data[r] is not null || IsNullable(contract.Schema["properties"]![r]!), $"{contract.Name}.{r}"));
            Assert.Equal(contract.Type, (string)contract.Example["type"]!);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string)contract.Schema["$schema"]!);
        }
    }

    [Fact]
    public void No_contract_has_a_field_for_a_person()
    {
        static IEnumerable<string> Names(JsonNode? node) => node switch
        {
            JsonObject o => o.SelectMany(p => (p.Key == "properties" && p.Value is JsonObject props ? props.Select(x => x.Key) : [])
                .Concat(Names(p.Value))),
            JsonArray a => a.SelectMany(Names),
            _ => [],
        };
        foreach (var contract in ContractDocumentation.Describe(new HashSet<string>()))
            foreach (var name in Names(contract.Schema))
                Assert.DoesNotMatch("(?i)caller|phone|description|officer|crew|actor|^name$", name);
    }

    private static bool IsNullable(JsonNode property) =>
        property["type"] is JsonArray types && types.Any(t => (string)t! == "null");
}
