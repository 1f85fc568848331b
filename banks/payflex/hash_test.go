package payflex

import "testing"

// TestCPHashWorkedExample is payflex.md §9's worked example (mewebstudio
// PayFlexCP4CryptTest, recomputed).
func TestCPHashWorkedExample(t *testing.T) {
	got := CPHash("000000000111111", "949", "10.10", "3XTgER89as")
	if want := "/MfLewtkUjpN5e/RY2iuIoT72hk="; got != want {
		t.Errorf("CPHash = %q, want %q", got, want)
	}
}

func TestVerifyIDBinding(t *testing.T) {
	cfg := Config{Password: "secret-password"}
	id, err := cfg.newVerifyID("order-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(id) != 32 {
		t.Fatalf("len(id) = %d, want 32", len(id))
	}
	if !cfg.verifyIDFor(id, "order-1") {
		t.Errorf("verifyIDFor(own id, own order) = false")
	}
	for _, c := range []struct{ id, order string }{
		{id, "order-2"},
		{id[:31] + "0", "order-1"},
		{"", "order-1"},
		{id + "0", "order-1"},
	} {
		if c.id == id && c.order == "order-1" {
			continue
		}
		if cfg.verifyIDFor(c.id, c.order) {
			t.Errorf("verifyIDFor(%q, %q) = true", c.id, c.order)
		}
	}
	other := Config{Password: "other-password"}
	if other.verifyIDFor(id, "order-1") {
		t.Errorf("another merchant's key accepts the id")
	}
	id2, _ := cfg.newVerifyID("order-1")
	if id2 == id {
		t.Errorf("two ids for one order are equal: the nonce is not random")
	}
}
