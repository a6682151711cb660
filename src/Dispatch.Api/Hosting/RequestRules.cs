using System.Text.RegularExpressions;
using Dispatch.Domain.Geo;

namespace Dispatch.Api.Hosting;

/// <summary>A position as a client sends it; the datum must be named.</summary>
public sealed record LocationInput(double? Lat, double? Lon, string? Datum);

/// <summary>Who called the incident in: a name, a phone number, or both.</summary>
public sealed record CallerInput(string? Name, string? Phone);

/// <summary>Field checks shared by endpoints; each failure is collected for one 400 problem response.</summary>
public static partial class RequestRules
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();

    // Mobile (13812345678), landline with area code (0395-1234567), international (+86 138 1234 5678).
    [GeneratedRegex("^\\+?[0-9][0-9 -]{1,22}[0-9]$")]
    private static partial Regex PhonePattern();

    /// <summary>The caller's name and phone; null when neither is given.</summary>
    public static Domain.Incidents.CallerContact? Caller(CallerInput? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        var name = Text(value.Name, 50, $"{field}.name", errors);
        var phone = value.Phone;
        if (phone is not null && (!PhonePattern().IsMatch(phone) || phone.Count(char.IsAsciiDigit) is < 3 or > 15))
        {
            errors[$"{field}.phone"] = ["must be a phone number: 3 to 15 digits, optionally a leading '+', spaces or '-' between digits"];
            phone = null;
        }
        if (value.Name is null && value.Phone is null) errors[field] = ["give a name, a phone number or both, or leave the caller out"];
        return string.IsNullOrWhiteSpace(name) && phone is null ? null : new Domain.Incidents.CallerContact(name, phone);
    }

    /// <summary>A body of JSON <c>null</c> deserializes to no request at all.</summary>
    public static IResult MissingBody(HttpContext http) => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["body"] = ["a JSON object is required"] }, instance: http.Request.Path);

    /// <summary>A point too far from every road has no honest travel time: 422, with the distance, never a silent dispatch.</summary>
    public static IResult? OutsideServiceArea(GeoPoint location, Dispatch.Domain.Reference.ReferenceData reference, string field,
        HttpContext http)
    {
        var (served, offRoad) = reference.ServiceAreaCheck(location);
        if (served) return null;
        return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "outside-service-area",
            type: "https://wuyang-patrol.example/problems/outside-service-area", instance: http.Request.Path,
            detail: $"{field} ({location.Lat:F6}, {location.Lon:F6}) is {offRoad:F0} m from the nearest road of " +
                    $"{reference.Manifest.County}'s network; the service area ends {reference.Manifest.MaxOffRoadMetres:F0} m " +
                    "from a road. Check the coordinates and their axis order (lat is about 33.4 in Wuyang).");
    }

    public static string? Code(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = ["is required"];
        else if (!CodePattern().IsMatch(value)) errors[field] = ["must be a lower-case code such as 'traffic-accident' (a-z, 0-9, '-', 2 to 64 characters)"];
        else return value;
        return null;
    }

    public static int? Range(int? value, int min, int max, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) errors[field] = ["is required"];
        else if (value < min || value > max) errors[field] = [$"must be between {min} and {max}"];
        else return value;
        return null;
    }

    public static string? Required(string? value, int maxLength, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) { errors[field] = ["is required"]; return null; }
        return Text(value, maxLength, field, errors);
    }

    public static string? Text(string? value, int maxLength, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (value.Length > maxLength) errors[field] = [$"must be at most {maxLength} characters"];
        else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) errors[field] = ["must not contain control characters"];
        else return value;
        return null;
    }

    /// <summary>An ISO-8601 instant with its offset, e.g. 2026-12-02T14:00:00+08:00 or ...Z; null when not given.</summary>
    public static NodaTime.Instant? OptionalInstant(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        var parsed = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(value);
        if (parsed.Success) return parsed.Value.ToInstant();
        errors[field] = ["must be an ISO-8601 date and time with its offset, e.g. 2026-12-02T14:00:00+08:00 or 2026-12-02T06:00:00Z"];
        return null;
    }

    public static NodaTime.Instant? RequiredInstant(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) { errors[field] = ["is required"]; return null; }
        return OptionalInstant(value, field, errors);
    }

    public static NodaTime.LocalDate? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) { errors[field] = ["is required"]; return null; }
        var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(value);
        if (parsed.Success) return parsed.Value;
        errors[field] = ["must be a local date, yyyy-MM-dd"];
        return null;
    }

    /// <summary>The position in WGS-84, converted once here from the datum the client named, and the position as given.</summary>
    public static (GeoPoint Wgs84, GivenPosition Given)? Location(LocationInput? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) { errors[field] = ["is required"]; return null; }
        var problems = new List<string>();
        if (value.Lat is null || value.Lon is null) problems.Add("needs both lat and lon");
        else if (!GeoPoint.IsValid(value.Lat.Value, value.Lon.Value))
            problems.Add("lat must be within -90..90 and lon within -180..180 (lat is the north-south axis, e.g. 33.44 for Wuyang)");
        if (problems.Count > 0) errors[field] = [.. problems];

        var datum = Datums.Canonical(value.Datum);
        if (datum is null)
            errors[$"{field}.datum"] = [value.Datum is null
                ? $"is required: name the datum, one of {string.Join(", ", Datums.Supported)}"
                : $"'{value.Datum}' is not one of {string.Join(", ", Datums.Supported)}"];

        if (problems.Count > 0 || datum is null) return null;
        var given = new GivenPosition(value.Lat!.Value, value.Lon!.Value, datum);
        return (Datums.ToWgs84(given), given);
    }
}
