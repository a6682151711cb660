using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Reference;

namespace Dispatch.Api.Elderly;

public sealed record CareContactInput(string? Name, string? Relation, string? Phone);

/// <summary>A person's record as a client sends it, on registration (with an optional client-chosen id) and on update.</summary>
public sealed record PersonRecordInput(Guid? Id, string? Name, string? Phone, string? Address, LocationInput? Location, string? HouseholdCode,
    IReadOnlyList<string?>? Needs, string? Notes, IReadOnlyList<CareContactInput?>? Contacts, string? DeviceId, long? ExpectedVersion = null);

public static class PersonRecordRules
{
    /// <summary>The record, or the 400/422 problem that refuses it.</summary>
    public static (PersonRecord? Record, IResult? Problem) Check(PersonRecordInput? input, ReferenceData reference, HttpContext http)
    {
        if (input is null) return (null, RequestRules.MissingBody(http));
        var errors = new Dictionary<string, string[]>();
        var name = RequestRules.Required(input.Name, 50, "name", errors);
        var phone = Phone(input.Phone, "phone", errors, required: true);
        var address = RequestRules.Required(input.Address, 500, "address", errors);
        var location = RequestRules.Location(input.Location, "location", errors);
        var household = RequestRules.Required(input.HouseholdCode, 50, "householdCode", errors);
        var notes = RequestRules.Text(input.Notes, 2000, "notes", errors);
        var needs = new List<string>();
        foreach (var need in input.Needs ?? [])
            if (need is null || !PersonRecord.KnownNeeds.Contains(need))
                errors["needs"] = [$"each need must be one of {string.Join(", ", PersonRecord.KnownNeeds)} (describe others in notes with 'other')"];
            else if (!needs.Contains(need)) needs.Add(need);
        var contacts = new List<CareContact>();
        for (var i = 0; i < (input.Contacts?.Count ?? 0); i++)
        {
            var c = input.Contacts![i];
            if (c is null) { errors[$"contacts[{i}]"] = ["must be an object {name, relation, phone}"]; continue; }
            var contactName = RequestRules.Required(c.Name, 50, $"contacts[{i}].name", errors);
            var relation = RequestRules.Required(c.Relation, 20, $"contacts[{i}].relation", errors);
            var contactPhone = Phone(c.Phone, $"contacts[{i}].phone", errors, required: true);
            if (contactName is not null && relation is not null && contactPhone is not null) contacts.Add(new CareContact(contactName, relation, contactPhone));
        }
        if (input.Contacts?.Count > 10) errors["contacts"] = ["at most 10 contacts"];
        var device = input.DeviceId is null ? null : DeviceId(input.DeviceId, "deviceId", errors);
        if (input.Id == Guid.Empty) errors["id"] = ["must not be the empty GUID; omit it to let the server choose"];
        if (errors.Count > 0) return (null, Results.ValidationProblem(errors, instance: http.Request.Path));

        var (wgs84, given) = location!.Value;
        if (RequestRules.OutsideServiceArea(wgs84, reference, "location", http) is { } outside) return (null, outside);
        return (new PersonRecord(name!, phone!, address!, wgs84, given, household!, needs, notes, contacts, device), null);
    }

    public static string? DeviceId(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.'))
        {
            errors[field] = ["must be a device id: 1 to 64 characters of A-Z, a-z, 0-9, '-', '_', ':', '.'"];
            return null;
        }
        return value;
    }

    private static string? Phone(string? value, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (value is null)
        {
            if (required) errors[field] = ["is required"];
            return null;
        }
        var checkedContact = RequestRules.Caller(new CallerInput(null, value), field, errors);
        if (errors.Remove($"{field}.phone", out var problem)) errors[field] = problem;
        return checkedContact?.Phone;
    }
}
