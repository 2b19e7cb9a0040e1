package project

import (
	"fmt"
	"strings"
	"testing"
)

// describe renders a manifest's commands and env with the source each
// range covers, so a test sees the positions.
func describe(src string, m Manifest) string {
	var b strings.Builder
	for _, c := range m.Commands {
		fmt.Fprintf(&b, "cmd %s exec=%v %q src=%q\n", c.Where, c.Exec, c.Text, src[c.Start:c.End])
	}
	for _, e := range m.Env {
		fmt.Fprintf(&b, "env %s=%q src=%q\n", e.Name, e.Value, src[e.Start:e.End])
	}
	return b.String()
}

func TestParseManifests(t *testing.T) {
	cases := []struct {
		name string
		kind ManifestKind
		src  string
		want string
	}{
		{"dockerfile escape directive and legacy ENV", KindDockerfile,
			"# escape=`\nFROM python:3.12\nENV DJANGO_DEBUG False\nENV A=\"x y\" B=$HOME C='z'\nCMD python manage.py `\n  runserver\n",
			"cmd CMD exec=false \"python manage.py    runserver\" src=\"python manage.py `\\n  runserver\"\n" +
				"env DJANGO_DEBUG=\"False\" src=\"False\"\nenv A=\"x y\" src=\"\\\"x y\\\"\"\nenv C=\"z\" src=\"'z'\"\n"},
		{"dockerfile stage inherits from a named stage", KindDockerfile,
			"FROM python AS base\nENV DEBUG=1\nCMD [\"gunicorn\"]\nFROM base\nRUN true\n",
			"cmd CMD exec=true \"gunicorn\" src=\"[\\\"gunicorn\\\"]\"\nenv DEBUG=\"1\" src=\"1\"\n"},
		{"dockerfile without FROM", KindDockerfile, "CMD runserver\n", ""},
		{"dockerfile heredoc body is not instructions", KindDockerfile,
			"FROM python\nRUN <<EOF cat > /start.sh\nCMD python manage.py runserver\nEOF\nCOPY <<-'A' /etc/x\n\tENV DEBUG=1\n\tA\nCMD [\"gunicorn\"]\n",
			"cmd CMD exec=true \"gunicorn\" src=\"[\\\"gunicorn\\\"]\"\n"},
		{"procfile web only", KindProcfile,
			"release: ./manage.py migrate\r\nweb:   gunicorn a.wsgi\r\n#web: x\r\n",
			"cmd The web process exec=false \"gunicorn a.wsgi\" src=\"gunicorn a.wsgi\"\n"},
		{"compose block command and map env", KindCompose,
			"services:\n  web:\n    command: >\n      python manage.py\n      runserver\n    environment:\n      DEBUG: 'true' # comment\n      KEY: ${KEY}\n",
			"cmd Service web exec=false \"python manage.py runserver\\n\" src=\">\\n      python manage.py\\n      runserver\"\n" +
				"env DEBUG=\"true\" src=\"'true'\"\n"},
		{"compose block list command", KindCompose,
			"services:\n  web:\n    command:\n      - python\n      - manage.py\n      - runserver\n",
			"cmd Service web exec=true \"python manage.py runserver\" src=\"- python\\n      - manage.py\\n      - runserver\"\n"},
		{"broken yaml", KindCompose, "services: [\n", ""},
		{"fly experimental cmd and non-string env", KindFly,
			"[experimental]\n  cmd = [\"python\", \"manage.py\", \"runserver\"]\n[env]\n  DEBUG = true\n  X = \"${Y}\"\n",
			"cmd The cmd exec=true \"python manage.py runserver\" src=\"[\\\"python\\\", \\\"manage.py\\\", \\\"runserver\\\"]\"\n" +
				"env DEBUG=\"true\" src=\"true\"\n"},
		{"app.yaml", KindAppYAML,
			"entrypoint: gunicorn -b :$PORT main.wsgi\nenv_variables:\n  DEBUG: \"False\"\n",
			"cmd The entrypoint exec=false \"gunicorn -b :$PORT main.wsgi\" src=\"gunicorn -b :$PORT main.wsgi\"\nenv DEBUG=\"False\" src=\"\\\"False\\\"\"\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := describe(tc.src, ParseManifest(tc.kind, []byte(tc.src))); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestRunserverAt(t *testing.T) {
	for src, want := range map[string]string{
		`python manage.py runserver 0.0.0.0:8000`:   "runserver",
		`["python", "manage.py", "runserver_plus"]`: "runserver_plus",
		`django-admin runserver`:                    "runserver",
		`gunicorn app.wsgi`:                         "",
		`python manage.py runserverx`:               "",
		`echo runserver`:                            "",
	} {
		s, e, ok := RunserverAt([]byte(src))
		got := ""
		if ok {
			got = src[s:e]
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", src, got, want)
		}
	}
}

func TestManifestKindAndDevelopmentNames(t *testing.T) {
	for name, want := range map[string]ManifestKind{
		"Dockerfile": KindDockerfile, "Dockerfile.prod": KindDockerfile, "web.dockerfile": KindDockerfile, "Procfile": KindProcfile,
		"compose.yaml": KindCompose, "docker-compose.prod.yml": KindCompose, "fly.toml": KindFly, "render.yaml": KindRender,
		"app.json": KindAppJSON, "app.yaml": KindAppYAML, "package.json": "", "pyproject.toml": "",
	} {
		if got, _ := manifestKind(name); got != want {
			t.Errorf("%s: kind %q, want %q", name, got, want)
		}
	}
	for rel, want := range map[string]bool{
		"Dockerfile": false, "Dockerfile.dev": true, "docker-compose.override.yml": true, "docker-compose.local.yml": true,
		"dev/Procfile": true, "deploy/fly.toml": false, "docker-compose.prod.yml": false,
	} {
		if got := developmentDeployFile(rel); got != want {
			t.Errorf("%s: development %v, want %v", rel, got, want)
		}
	}
}
